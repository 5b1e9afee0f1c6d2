# Convenience targets; the README's two commands are all a newcomer needs.
.PHONY: screenshots bench

screenshots:  ## headless Chromium screenshots of every page type at 375x812 and 1280x800 into screenshots/
	python -m pytest tests/test_reader.py -k screenshots -q

bench:  ## newsgen against Hugo and Pelican at 1,000 / 10,000 / 100,000 articles
	python bench/run.py
