"""Documents of the board and the general assemblies."""
