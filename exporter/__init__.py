"""newsexport: news articles in, validated and linked structured data out.

Readers (``exporter.readers``) turn raw inputs into Article records
(``exporter.record``); writers (``exporter.writers``) turn records into
formats. Neither side knows the other: the record is the contract.
"""

__version__ = "0.1.0"
