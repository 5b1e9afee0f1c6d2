"""newsgen: a static site generator for news in the TTXVN layout."""

__version__ = "0.1.0"
