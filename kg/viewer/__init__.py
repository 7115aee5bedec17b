"""The offline HTML relationship viewer (``kg view`` and ``/view``)."""
