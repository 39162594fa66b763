"""What a front end shows: deck text made readable (``readable``: LaTeX -> Unicode), safe
to print (``terminal_text``), waits in words (``waits``), and the plain line front end
(``plain_mode``). Between the front ends (TUI, CLI) and the application (``practice``)."""
