"""Mail text decoding: WHATWG charset labels, RFC 2047 encoded words, one-line header text.

Pure standard library; imports nothing of nyte, so both the sync layer and the sandbox use it.
"""
