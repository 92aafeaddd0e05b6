"""OpenML tables: fetched once, online, by `tscbench download openml:ID` into the data directory
as a plain CSV; runs read that file and never touch the network.

`dataset = { openml = 1590, label = "class" }` in a task then reads DATA_DIR/openml/1590.csv like
any user CSV (tables.py): its content hash, not the id alone, keys the results.
"""
from __future__ import annotations

from pathlib import Path

from tscbench.atomic import atomic_write_bytes
from tscbench.data.image_sets import data_dir
from tscbench.errors import DataError


def openml_path(data_id: str, root: Path | None = None) -> Path:
    """The local CSV of an OpenML data set, or a one-line error saying how to fetch it."""
    root = data_dir() if root is None else root
    path = Path(root) / "openml" / f"{data_id}.csv"
    if not path.is_file():
        raise DataError(f"OpenML data set {data_id} is not in {path.parent}; fetch it once with "
                        f"`tscbench download openml:{data_id} --data-dir {root}` (needs a network)")
    return path


def download_openml(data_id: int, root: Path, *, fetch=None) -> Path:
    """Fetch OpenML data set `data_id` with scikit-learn's `fetch_openml` (its cache under
    root/openml/cache) and write it, features and target, as root/openml/ID.csv. `fetch` stands
    in for `fetch_openml` in tests."""
    if fetch is None:
        from sklearn.datasets import fetch_openml as fetch
    folder = Path(root) / "openml"
    try:
        bunch = fetch(data_id=data_id, as_frame=True, parser="pandas",
                      data_home=str(folder / "cache"))
    except Exception as exc:  # noqa: BLE001 - network, HTTP and parse errors all end here
        raise DataError(f"fetching OpenML data set {data_id} failed ({type(exc).__name__}: "
                        f"{exc}); check the id and the network") from None
    frame = bunch.frame if bunch.frame is not None else bunch.data.assign(
        **{str(bunch.target.name): bunch.target})
    path = folder / f"{data_id}.csv"
    atomic_write_bytes(path, frame.to_csv(index=False).encode("utf-8"))
    return path
