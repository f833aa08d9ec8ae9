def format_money(cents):
    """Cents as a price for people: 12990 -> ¥129.90."""
    cents = int(cents or 0)
    sign = "-" if cents < 0 else ""
    return f"{sign}¥{abs(cents) // 100:,}.{abs(cents) % 100:02d}"
