"""Demo association generator. Depends on every domain.

`build_demo(database, members=…, seed=…)` fills a new, empty file with a believable Moroccan
association: members and dues, board and assemblies, activities, funders and requests, and two
years of balanced books. The same seed gives the same association.
"""
