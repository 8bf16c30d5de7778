"""furo's colours, repeated where furo's stylesheet does not reach: the web manifest, the pages'
``theme-color`` and the social cards. Imports nothing, so the card's image needs no Sphinx for
them; ``tests/test_web.py`` checks them against furo's SCSS."""

#: furo's colours (furo/assets/styles/variables/_colors.scss): page background light and dark, brand.
FURO_BACKGROUND = {"light": "#ffffff", "dark": "#131416"}
FURO_BRAND = "#0a4bff"
