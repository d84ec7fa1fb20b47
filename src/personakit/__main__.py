"""`python -m personakit`."""

from personakit.entry import main

if __name__ == "__main__":
    main()
