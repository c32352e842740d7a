"""The public pages, one module per part of the site."""

from publicity.views.home import home

__all__ = ["home"]
