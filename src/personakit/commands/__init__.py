"""One module per subcommand: a plain function taking parsed arguments, returning an exit code."""
