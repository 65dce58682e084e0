"""Figures in the commands' Swedish output: decimal comma, sizes in MB."""


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB".replace(".", ",")


def seconds(duration: float) -> str:
    return f"{duration:.1f} s".replace(".", ",")
