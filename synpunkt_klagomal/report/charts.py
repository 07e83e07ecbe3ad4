"""Charts of the reports, drawn on the server as inline SVG: no JavaScript
in a PDF, real text (labels are <text>, extractable), and nothing
wkhtmltopdf has to fetch."""

from markupsafe import Markup, escape

FONT = "DejaVu Sans"
BAR = "#2f5d8a"
BAR_PREVIOUS = "#b7c7d8"


def _num(value):
    return f"{value:g}"


def bar_chart(rows, width=640, label_width=220, bar_height=14, gap=6):
    """Horizontal bars, the current period dark and the previous one light
    beneath it. rows: [{"label", "current", "previous", "depth"}]."""
    rows = list(rows)
    top = max([1] + [max(r["current"], r["previous"]) for r in rows])
    plot = width - label_width - 50
    row_h = 2 * bar_height + gap
    height = max(row_h, row_h * len(rows)) + 4
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'font-family="{FONT}" font-size="10">'
    ]
    for n, r in enumerate(rows):
        y = n * row_h + 2
        indent = 10 * r.get("depth", 0)
        parts.append(
            f'<text x="{indent}" y="{y + bar_height}">{escape(r["label"][:40])}</text>'
        )
        for k, (key, colour) in enumerate(
            (("current", BAR), ("previous", BAR_PREVIOUS))
        ):
            w = plot * r[key] / top
            by = y + k * bar_height
            parts.append(
                f'<rect x="{label_width}" y="{by}" width="{w:.1f}" '
                f'height="{bar_height - 2}" fill="{colour}"/><text '
                f'x="{label_width + w + 4:.1f}" '
                f'y="{by + bar_height - 4}">{_num(r[key])}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))


def line_chart(points, width=640, height=200):
    """A trend line with a dot and the count at each period.
    points: [{"label", "count"}], oldest first."""
    points = list(points)
    left, bottom, top_pad = 30, 34, 16
    top = max([1] + [p["count"] for p in points])
    plot_w, plot_h = width - left - 20, height - bottom - top_pad
    step = plot_w / max(1, len(points) - 1)
    coords = [
        (left + n * step, top_pad + plot_h - plot_h * p["count"] / top)
        for n, p in enumerate(points)
    ]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'font-family="{FONT}" font-size="9">',
        f'<line x1="{left}" y1="{top_pad + plot_h}" x2="{left + plot_w}" '
        f'y2="{top_pad + plot_h}" stroke="#999"/>',
        '<polyline fill="none" stroke="{}" stroke-width="2" points="{}"/>'.format(
            BAR, " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        ),
    ]
    for (x, y), p in zip(coords, points, strict=False):
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{BAR}"/>'
            f'<text x="{x:.1f}" y="{y - 6:.1f}" text-anchor="middle">'
            f'{p["count"]}</text>'
            f'<text x="{x:.1f}" y="{height - bottom + 16}" text-anchor="middle">'
            f"{escape(p['label'])}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))
