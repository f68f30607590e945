"""The funding documents: the financial report of an agreement and the declaration of a
foreign receipt to the SGG."""
