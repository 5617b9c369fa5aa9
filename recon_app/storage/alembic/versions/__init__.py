"""One module per revision, ``NNNN_<what>.py``; revision ids are the zero-padded ordinal."""
