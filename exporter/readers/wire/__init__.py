"""The stages of the wire-text reader (its face is ``readers/wire_text.py``).

    lines     the page split into numbered lines, whitespace and entities normalised
    stamps    dates and times as pages print them (fast patterns, dateparser for the long tail)
    meta      header lines: source, byline, editor and time stamps, in any order or glued
    features  what each line looks like on its own (shape, credit, dateline, navigation)
    assemble  one headline, the header block, captions, the body: each line gets one class
"""
