"""A content-addressed artifact cache outside the repo and the package.

Each entry is a payload file plus a small JSON record holding the payload's SHA-256, a keyed MAC
and free metadata. Both are written atomically, payload first; a reader checks both before
handing the payload out, so a torn, corrupt or tampered entry is detected, reported and rebuilt
rather than loaded. Two processes filling the same key at once both write complete files; the
last one wins.

The trust model: the MAC is an HMAC-SHA256 of (kind, key, payload) under a secret of this user's
(`cache.key` in the user config folder, created on first use, readable by the user alone;
$TSCBENCH_KEY_FILE names another). Someone who can write the cache but not read that file can
rewrite a payload and its hash, but not its MAC: the entry is refused and recomputed, so a
writable cache can make a run recompute, never change a score. A cache shared between users or
machines works the same way: each recomputes what another wrote, and never trusts it.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tscbench.atomic import atomic_write_bytes, atomic_write_text
from tscbench.hashing import sha256_bytes

ENV_VAR = "TSCBENCH_CACHE"
KEY_ENV_VAR = "TSCBENCH_KEY_FILE"


def default_cache_root() -> Path:
    """$TSCBENCH_CACHE if set, else the user cache directory (e.g. ~/.cache/tscbench)."""
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR]).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("tscbench"))


def key_file() -> Path:
    """$TSCBENCH_KEY_FILE if set, else cache.key in the user config folder (not the cache)."""
    if os.environ.get(KEY_ENV_VAR):
        return Path(os.environ[KEY_ENV_VAR]).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("tscbench")) / "cache.key"


def user_secret() -> bytes:
    """This user's MAC secret, created on first use (32 random bytes, mode 0600)."""
    path = key_file()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:  # O_EXCL: of two processes creating it at once, one writes and both read it
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(secrets.token_bytes(32))
        except FileExistsError:
            pass
    secret = path.read_bytes()
    if len(secret) < 16:  # a half-written key from a killed process: never a weak one
        raise OSError(f"{path} holds no usable key; delete it and it is made again")
    return secret


@dataclass(frozen=True)
class CacheEntry:
    payload: bytes
    meta: dict[str, Any]
    sha256: str


class ArtifactCache:
    def __init__(self, root: Path | None = None, *, warn: Callable[[str], None] = print):
        self.root = Path(root) if root is not None else default_cache_root()
        self.warn = warn
        self._secret: bytes | None = None

    def _mac(self, kind: str, key: str, payload: bytes) -> str:
        if self._secret is None:
            self._secret = user_secret()
        message = f"{kind}/{key}\n".encode() + payload
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest()

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
        if isinstance(record, dict) and "mac" not in record:
            self.warn(f"cache entry {kind}/{key[:12]} predates keyed entries; rebuilding it")
            return None
        if not isinstance(record, dict) or digest != record.get("sha256") or not \
                hmac.compare_digest(str(record.get("mac", "")), self._mac(kind, key, payload)):
            self.warn(f"cache entry {kind}/{key[:12]} failed its hash check "
                      f"(corrupt, modified, or written under another user's key); rebuilding it")
            return None
        return CacheEntry(payload=payload, meta=record.get("meta", {}), sha256=digest)

    def put(self, kind: str, key: str, payload: bytes, meta: dict[str, Any]) -> str:
        payload_path, record_path = self._paths(kind, key)
        digest = sha256_bytes(payload)
        atomic_write_bytes(payload_path, payload)
        atomic_write_text(record_path, json.dumps(
            {"sha256": digest, "mac": self._mac(kind, key, payload), "meta": meta}, indent=1))
        return digest
