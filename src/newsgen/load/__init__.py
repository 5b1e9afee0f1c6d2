"""load: article files to Article records.

`newsgen.load.article.load_article` reads one file; `newsgen.load.sources.inventory`
lists the files of a content folder and says which ones are not articles.

The package itself imports nothing: a build that finds its site up to date reads only
`sources`, and must not pay for the parser.
"""
