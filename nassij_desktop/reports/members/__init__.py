"""Documents of the member register: the register itself and the membership cards."""
