"""Server-rendered SVG charts: readable without JavaScript, a table beside."""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH, HEIGHT, PAD_LEFT, PAD_BOTTOM, PAD_TOP = 640, 240, 40, 40, 16


def bar_chart_svg(*, title: str, labels: list[str], values: list[int], chart_id: str) -> SafeString:
    """A bar per label; the figures are also in the table the page puts beside it."""
    top = max(values, default=0) or 1
    n = max(len(values), 1)
    plot_w, plot_h = WIDTH - PAD_LEFT - 8, HEIGHT - PAD_BOTTOM - PAD_TOP
    slot = plot_w / n
    bar_w = max(slot * 0.7, 1)
    bars = []
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        h = plot_h * value / top
        x = PAD_LEFT + i * slot + (slot - bar_w) / 2
        y = PAD_TOP + plot_h - h
        bars.append(
            (
                f"{x:.1f}", f"{y:.1f}", f"{bar_w:.1f}", f"{h:.1f}", f"{label}: {value}",
                f"{x + bar_w / 2:.1f}", f"{HEIGHT - PAD_BOTTOM + 16:.1f}", label,
                f"{y - 4:.1f}", value,
            )
        )
    body = format_html_join(
        "",
        '<g><rect class="bar" x="{}" y="{}" width="{}" height="{}"><title>{}</title></rect>'
        '<text class="axis" x="{}" y="{}" text-anchor="middle">{}</text>'
        '<text class="value" x="{}" y="{}" text-anchor="middle">{}</text></g>',
        ((a, b, c, d, e, f, g, h, f, i, j) for a, b, c, d, e, f, g, h, i, j in bars),
    )
    return format_html(
        '<svg class="chart" role="img" aria-labelledby="{id}-title" viewBox="0 0 {w} {h}" '
        'xmlns="http://www.w3.org/2000/svg" width="100%" preserveAspectRatio="xMinYMin meet">'
        '<title id="{id}-title">{title}</title>'
        '<line class="baseline" x1="{left}" x2="{w}" y1="{base}" y2="{base}" stroke="currentColor"/>'
        "{body}</svg>",
        id=chart_id,
        w=WIDTH,
        h=HEIGHT,
        title=title,
        left=PAD_LEFT,
        base=HEIGHT - PAD_BOTTOM,
        body=body,
    )
