import pytest

from tscbench import torchvision_compat


def test_torchvision_and_torch_fidelity_import_beside_the_cpu_torch(tmp_path):
    torchvision = torchvision_compat.import_torchvision()
    fidelity = torchvision_compat.import_torch_fidelity()
    assert torchvision.__version__.startswith("0.28")
    assert fidelity.__version__ == "0.4.0"
    import torch
    from torchvision.utils import save_image

    save_image(torch.rand(4, 1, 8, 8), tmp_path / "grid.png")
    assert (tmp_path / "grid.png").read_bytes()[:4] == b"\x89PNG"


def test_other_import_errors_are_not_swallowed(monkeypatch):
    import builtins
    import sys

    real_import = builtins.__import__

    def broken(name, *args, **kwargs):
        if name == "torchvision":
            raise RuntimeError("something else entirely")
        return real_import(name, *args, **kwargs)

    monkeypatch.delitem(sys.modules, "torchvision", raising=False)
    monkeypatch.setattr(builtins, "__import__", broken)
    with pytest.raises(RuntimeError, match="something else"):
        torchvision_compat.import_torchvision()
