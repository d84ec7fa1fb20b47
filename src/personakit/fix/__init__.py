"""`personakit lint --fix`: fixes rules attach to findings (`edits`) and applying them
to files (`apply`). Import the submodule you need; this package imports nothing."""
