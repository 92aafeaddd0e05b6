"""Content hashes and derived seeds: every cache key and result name comes from here."""
from __future__ import annotations

import hashlib
import json
from typing import Any

import numpy as np


def canonical_json(obj: Any) -> str:
    """JSON with sorted keys and no whitespace: equal objects give equal text."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), allow_nan=False)


def sha256_json(obj: Any) -> str:
    return hashlib.sha256(canonical_json(obj).encode()).hexdigest()


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_arrays(*arrays: np.ndarray) -> str:
    """Hash of array contents, dtypes and shapes (two arrays that print alike can differ)."""
    digest = hashlib.sha256()
    for array in arrays:
        array = np.ascontiguousarray(array)
        digest.update(f"{array.dtype.str}{array.shape}".encode())
        digest.update(array.tobytes())
    return digest.hexdigest()


def derive_seed(seed: int, *tags: str) -> int:
    """A 31-bit seed for one purpose (e.g. "teacher", "student") of a run seed.

    Derived by hashing so that purposes never share a random stream, and so that the same
    (seed, purpose) gives the same stream on every machine and for every generator.
    """
    text = canonical_json([int(seed), *tags])
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "little") & 0x7FFFFFFF
