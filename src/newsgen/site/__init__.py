"""index: the site model (rubrics, tags, entries and their neighbours) and its pages."""
