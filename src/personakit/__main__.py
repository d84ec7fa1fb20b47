"""`python -m personakit`."""

from personakit.cli import main

if __name__ == "__main__":
    main()
