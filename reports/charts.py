"""What the charts draw, taken from the figures marked with `chart`: the same numbers as the tables, so the
dashboard's charts, its tables and the exports never disagree. A suppressed cell ("< 5") is drawn as a gap."""


def _number(cell):
    return cell if isinstance(cell, int) and not isinstance(cell, bool) else None


def chart_spec(figure: dict) -> dict | None:
    value = figure["value"]
    if not figure["chart"] or not figure["is_table"] or not value["rows"]:
        return None
    label_columns = value.get("label_columns", [0])
    data_columns = value.get("chart_columns") or [
        i for i in range(len(value["columns"])) if i not in label_columns
    ]
    labels = [" – ".join(str(row[i]) for i in label_columns) for row in value["rows"]]
    datasets = [
        {"label": str(value["columns"][i]), "data": [_number(row[i]) for row in value["rows"]]}
        for i in data_columns
    ]
    return {
        "id": f"chart-{figure['key']}",
        "type": figure["chart"],
        "title": figure["label"],
        "labels": labels,
        "datasets": datasets,
    }


def chart_specs(figures: list[dict]) -> list[dict]:
    return [spec for spec in (chart_spec(f) for f in figures) if spec]
