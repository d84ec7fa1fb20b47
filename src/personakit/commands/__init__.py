"""One module per command: typed options (Enums for choices) → a library call → exit code.

A command module declares one Typer command: a function named like the module whose
parameters are `typer.Option`/`typer.Argument` declarations, returning an exit code.
`new/` is the one group, one module per subcommand. `personakit.cli` registers them
all and turns their outcomes into exit codes; `options`, `asking`, `data_support` and
`new/support` are helpers that declare no command. Module-level imports stay light
(Typer and the standard library): the command line imports every command module even
for `personakit --version`, so each command imports the library inside its function.
"""
