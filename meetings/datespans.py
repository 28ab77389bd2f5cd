# TEMP STUB
def format_partial(start, end, precision, label="", lang="en"):
    return label or f"{start}-{end}"
