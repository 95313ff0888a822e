"""Views stay thin: parse input, call one service or selector, render."""
