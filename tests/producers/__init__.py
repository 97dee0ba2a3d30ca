"""Independent document producers for the two plans (tests only).

The extractor must read any faithful typesetting of a plan, not only the reportlab samples
that ``samples/build.py`` makes.  Each module here typesets the transcriptions in
``samples/source/`` with another real typesetting engine; ``typst_plans`` uses Typst (the
``typst`` package bundles the compiler, so it runs on a clean machine with only Python).
"""
