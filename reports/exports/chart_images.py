"""Chart pictures for the DOCX and PDF, drawn on the server with matplotlib when it is installed (it is not
a dependency of the platform: without it the written report has its tables only). Same numbers as the
dashboard's charts: both come from reports.charts."""

import io

from reports.charts import chart_spec

try:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot
    from matplotlib.figure import Figure
except ImportError:  # pragma: no cover - depends on the machine
    Figure = None
    pyplot = None

PALETTE = ["#4f46e5", "#f97362", "#0e9f6e", "#d97706", "#0284c7", "#9333ea", "#64748b"]


def charts_available() -> bool:
    return Figure is not None


def chart_png(figure: dict) -> bytes | None:
    """A PNG of the figure's chart, or None when it has none (or matplotlib is missing)."""
    spec = chart_spec(figure)
    if spec is None or Figure is None:
        return None
    chart = Figure(figsize=(6.4, 3.2), dpi=110)
    chart.set_layout_engine("tight")
    axes = chart.add_subplot()
    labels = spec["labels"]
    if spec["type"] == "doughnut":
        values = [v or 0 for v in spec["datasets"][0]["data"]]
        if sum(values) == 0:
            return None
        axes.pie(values, labels=labels, colors=PALETTE[: len(values)], wedgeprops={"width": 0.45})
        axes.set_aspect("equal")
    else:
        positions = list(range(len(labels)))
        count = len(spec["datasets"])
        bottoms = [0] * len(labels)
        for index, dataset in enumerate(spec["datasets"]):
            values = [v if v is not None else 0 for v in dataset["data"]]
            colour = PALETTE[index % len(PALETTE)]
            if spec["type"] == "line":
                axes.plot(
                    positions,
                    [float("nan") if v is None else v for v in dataset["data"]],
                    marker="o",
                    color=colour,
                    label=dataset["label"],
                )
            elif spec["type"] == "stacked":
                axes.bar(positions, values, bottom=bottoms, color=colour, label=dataset["label"])
                bottoms = [b + v for b, v in zip(bottoms, values, strict=True)]
            else:
                width = 0.8 / count
                axes.bar(
                    [p + index * width - 0.4 + width / 2 for p in positions],
                    values,
                    width=width,
                    color=colour,
                    label=dataset["label"],
                )
        axes.set_xticks(
            positions,
            [label[:24] for label in labels],
            rotation=30 if len(labels) > 4 else 0,
            ha="right" if len(labels) > 4 else "center",
            fontsize=7,
        )
        axes.yaxis.get_major_locator().set_params(integer=True)
        axes.legend(fontsize=7)
    axes.set_title(spec["title"], fontsize=9)
    buffer = io.BytesIO()
    chart.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()
