"""Generate the API snapshot (``data/api_snapshot.txt.gz``) from the installed TensorFlow/Keras.

``python -m kerasmigrate.snapshot [--check]`` imports ``tensorflow`` and ``keras`` (the pinned
``tensorflow-cpu==2.21.0`` of the ``tf`` extra and the Keras 3 it brings), walks their public
modules (every non-``_`` attribute, recursively) and writes, per
module, each public name with its kind and, for callables, its parameters. kerasmigrate reads
the file (``apisnapshot.py``) to know what exists today without importing TensorFlow.

The format is text, one section per module, gzip-compressed without a timestamp (so the
same packages give the same bytes)::

    M keras.layers                       a module
    Conv2D<TAB>c<TAB>filters,kernel_size,strides=,...,**kwargs<TAB>input_dim,input_shape,...
    layers<TAB>=<TAB>keras.layers        a module seen before under another path
    U keras.src                          a private implementation package: not checked

The fourth field of a Keras layer class that takes ``**kwargs`` lists the keywords that
``**kwargs`` accepts (the ``__init__`` parameters of its bases up to ``Layer`` and the names
they ``pop``/``get`` from ``kwargs``): ``Layer.__init__`` raises on any other one.
"""

from __future__ import annotations

import argparse
import ast
import gzip
import importlib
import inspect
import io
import os
import sys
import textwrap
import types
from pathlib import Path
from typing import Any

#: where the package reads it (``apisnapshot.PATH``)
PATH = Path(__file__).resolve().parent / "data" / "api_snapshot.txt.gz"
ROOTS = ("tensorflow", "keras")
#: packages that are importable but are implementation, not API: never checked (nor is
#: anything under a ``_``-prefixed module or a module named ``python``: ``apisnapshot.private``)
PRIVATE = (
    "keras.src",
    "tensorflow.compiler",
    "tensorflow.core",
    "tensorflow.include",
    "tensorflow.tsl",
    "tensorflow.xla_aot_runtime_src",
)
#: a module of this name is implementation wherever it is (``tensorflow.dtensor.python``)
PRIVATE_COMPONENT = "python"


def _private(path: str) -> bool:
    parts = path.split(".")
    return any(p.startswith("_") or p == PRIVATE_COMPONENT for p in parts) or any(
        path == p or path.startswith(p + ".") for p in PRIVATE
    )


def _signature(obj: Any) -> str:
    """``a,b=,*args,*,c=,**kwargs`` (``/`` after positional-only ones); ``?`` when unknown.

    A class's is its ``__init__``'s (``Layer.__new__(cls, *args, **kwargs)`` would hide it)."""
    try:
        init = vars(obj).get("__init__") if isinstance(obj, type) else None
        init = init or next(
            (vars(b)["__init__"] for b in getattr(obj, "__mro__", ())[1:] if "__init__" in vars(b)), None
        )
        if isinstance(obj, type) and inspect.isfunction(init):
            sig = inspect.signature(init)
            sig = sig.replace(parameters=list(sig.parameters.values())[1:])
        else:
            sig = inspect.signature(obj)
    except Exception:  # noqa: BLE001 - objects that compute attributes (absl FLAGS) may raise anything
        return "?"
    out: list[str] = []
    star = False
    slash = False
    for p in sig.parameters.values():
        if p.kind is p.POSITIONAL_ONLY:
            slash = True
        elif slash:
            out.append("/")
            slash = False
        if p.kind is p.VAR_POSITIONAL:
            out.append(f"*{p.name}")
            star = True
        elif p.kind is p.VAR_KEYWORD:
            out.append(f"**{p.name}")
        else:
            if p.kind is p.KEYWORD_ONLY and not star:
                out.append("*")
                star = True
            out.append(p.name + ("=" if p.default is not p.empty else ""))
    if slash:
        out.append("/")
    return ",".join(out)


def _kwargs_names(function: Any) -> set[str]:
    """Names ``function`` reads out of its ``**kwargs`` (``kwargs.pop("x")``, ``"x" in kwargs``)."""
    try:
        source = textwrap.dedent(inspect.getsource(function))
        tree = ast.parse(source)
    except (OSError, TypeError, SyntaxError):
        return set()
    names: set[str] = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("pop", "get")
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "kwargs"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names.add(node.args[0].value)
        if (
            isinstance(node, ast.Compare)
            and isinstance(node.left, ast.Constant)
            and isinstance(node.left.value, str)
            and len(node.comparators) == 1
            and isinstance(node.comparators[0], ast.Name)
            and node.comparators[0].id == "kwargs"
        ):
            names.add(node.left.value)
    return names


def _layer_kwargs(cls: type, layer: type) -> str:
    """For a layer class whose ``__init__`` takes ``**kwargs`` (and no ``*args``): the
    keywords ``**kwargs`` accepts, or "" when they are not known (not a layer, ``*args``)."""
    if not (isinstance(cls, type) and issubclass(cls, layer)):
        return ""
    try:
        params = inspect.signature(cls.__init__).parameters.values()
    except (TypeError, ValueError):
        return ""
    kinds = {p.kind for p in params}
    if inspect.Parameter.VAR_KEYWORD not in kinds or inspect.Parameter.VAR_POSITIONAL in kinds:
        return ""
    names: set[str] = set()
    for base in cls.__mro__:
        if not issubclass(base, layer) or "__init__" not in vars(base):
            continue
        init = vars(base)["__init__"]
        try:
            names |= {
                p.name
                for p in inspect.signature(init).parameters.values()
                if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY) and p.name != "self"
            }
        except (TypeError, ValueError):
            return ""
        names |= _kwargs_names(init)
    return ",".join(sorted(names))


def _kind(obj: Any) -> str:
    if isinstance(obj, types.ModuleType):
        return "m"
    if isinstance(obj, type):
        return "c"
    if callable(obj):
        return "f"
    return "o"


def _public(module: types.ModuleType) -> list[str]:
    try:
        names = dir(module)
    except Exception:  # noqa: BLE001 - a lazy module that fails to load has no usable names
        return []
    return sorted(n for n in names if not n.startswith("_"))


def generate() -> str:
    """The snapshot text of the installed packages.

    ``sys.argv`` is emptied while walking: absl's ``FLAGS`` parses it when asked for an
    attribute, so the output would depend on how the generator was started."""
    argv = sys.argv
    sys.argv = argv[:1]
    try:
        return _generate()
    finally:
        sys.argv = argv


def _generate() -> str:
    keras = importlib.import_module("keras")  # the snapshot is of this installation
    layer = keras.layers.Layer
    seen: dict[int, str] = {}
    sections: list[str] = []
    queue: list[tuple[str, types.ModuleType]] = [(root, importlib.import_module(root)) for root in ROOTS]
    while queue:
        path, module = queue.pop(0)
        seen[id(module)] = path
        lines = [f"M {path}"]
        names = _public(module)
        for name in sorted(set(names)):
            full = f"{path}.{name}"
            if _private(full):
                continue
            try:
                obj = getattr(module, name)
            except Exception:  # noqa: BLE001 - a lazy attribute that fails is not usable
                continue
            kind = _kind(obj)
            if kind == "m" and str(getattr(obj, "__name__", "")).split(".")[0] not in ROOTS:
                lines.append(f"{name}\to")  # another package (``numpy``) bound in the namespace
            elif kind == "m":
                if id(obj) in seen:  # the same module under another path (or a cycle)
                    lines.append(f"{name}\t=\t{seen[id(obj)]}")
                    continue
                lines.append(f"{name}\tm")
                queue.append((full, obj))
                seen[id(obj)] = full
            elif kind in ("c", "f"):
                sig = _signature(obj)
                extra_kw = _layer_kwargs(obj, layer) if kind == "c" else ""
                lines.append(f"{name}\t{kind}\t{sig}" + (f"\t{extra_kw}" if extra_kw else ""))
            else:
                lines.append(f"{name}\to")
        sections.append("\n".join(lines))
    header = [f"# tensorflow {sys.modules['tensorflow'].__version__} keras {keras.__version__}"]
    header += [f"U {p}" for p in PRIVATE] + [f"U *.{PRIVATE_COMPONENT}"]
    return "\n".join(header + sections) + "\n"


def compress(text: str) -> bytes:
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0, compresslevel=9) as out:
        out.write(text.encode("utf-8"))
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m kerasmigrate.snapshot", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--check", action="store_true", help="fail if the shipped snapshot is stale")
    parser.add_argument("--output", type=Path, default=PATH)
    args = parser.parse_args(argv)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("CUDA_VISIBLE_DEVICES", "-1")
    text = generate()
    if args.check:
        old = gzip.decompress(args.output.read_bytes()).decode("utf-8") if args.output.exists() else ""
        if old != text:
            print(f"{args.output} is stale: run python -m kerasmigrate.snapshot", file=sys.stderr)
            return 1
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(compress(text))
    print(f"{args.output}: {args.output.stat().st_size} bytes, {text.count(chr(10))} lines")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
