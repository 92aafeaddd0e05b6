"""A content-addressed artifact cache outside the repo and the package.

Each entry is a payload file plus a small JSON record holding the payload's SHA-256 and free
metadata. Both are written atomically, payload first; a reader checks the hash before handing the
payload out, so a torn, corrupt or tampered entry is detected, reported and rebuilt rather than
loaded. Two processes filling the same key at once both write complete files; the last one wins.
"""
from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tscbench.atomic import atomic_write_bytes, atomic_write_text
from tscbench.hashing import sha256_bytes

ENV_VAR = "TSCBENCH_CACHE"


def default_cache_root() -> Path:
    """$TSCBENCH_CACHE if set, else the user cache directory (e.g. ~/.cache/tscbench)."""
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR]).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("tscbench"))


@dataclass(frozen=True)
class CacheEntry:
    payload: bytes
    meta: dict[str, Any]
    sha256: str


class ArtifactCache:
    def __init__(self, root: Path | None = None, *, warn: Callable[[str], None] = print):
        self.root = Path(root) if root is not None else default_cache_root()
        self.warn = warn

    def _paths(self, kind: str, key: str) -> tuple[Path, Path]:
        folder = self.root / kind
        return folder / f"{key}.bin", folder / f"{key}.json"

    def contains(self, kind: str, key: str) -> bool:
        """Whether an entry was written (cheap: its hash is checked only by get())."""
        return self._paths(kind, key)[1].exists()

    def get(self, kind: str, key: str) -> CacheEntry | None:
        payload_path, record_path = self._paths(kind, key)
        if not record_path.exists():
            return None
        try:
            record = json.loads(record_path.read_text())
            payload = payload_path.read_bytes()
        except (OSError, ValueError) as exc:
            self.warn(f"cache entry {kind}/{key[:12]} is unreadable ({exc}); rebuilding it")
            return None
        digest = sha256_bytes(payload)
        if not isinstance(record, dict) or digest != record.get("sha256"):
            self.warn(f"cache entry {kind}/{key[:12]} failed its hash check "
                      f"(corrupt or modified); rebuilding it")
            return None
        return CacheEntry(payload=payload, meta=record.get("meta", {}), sha256=digest)

    def put(self, kind: str, key: str, payload: bytes, meta: dict[str, Any]) -> str:
        payload_path, record_path = self._paths(kind, key)
        digest = sha256_bytes(payload)
        atomic_write_bytes(payload_path, payload)
        atomic_write_text(record_path, json.dumps({"sha256": digest, "meta": meta}, indent=1))
        return digest
