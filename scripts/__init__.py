"""Developer scripts: run the stack, chat in a terminal, benchmark."""
