"""The Keras 1/2 model, training, optimizer and merge API (KM701-KM749) that no row can say.

The keyword renames Keras itself made (``Model(input=)``, optimizer ``lr=``) are catalogue
rows (``catalogue/training.py``, applied by ``keywords.py``/``renames.py``); this analysis
does what needs more than a row:

- **methods on models** (``Recognition.METHOD``, docs/architecture.md "Recognition"):
  ``R.fit(...)``, ``R.fit_generator(...)``, ... where the receiver ``R`` is shown to be a
  model: a call of a model factory resolved through imports (``Model``, ``Sequential``,
  ``load_model``, ``model_from_json``, ``model_from_yaml``, any import spelling); a name
  every binding of which, in its scope, is ``name = <such a call>``; or ``self.model`` in a
  class that subclasses ``keras.callbacks.Callback`` (Keras sets it) or whose every
  ``self.model = ...`` is such a call. Anything else (a parameter, an object of the user's
  own with a ``fit_generator`` method) is never touched.
- **``merge(...)``** by its ``mode``, with the import following;
- **optimizer** ``decay=``, ``model.optimizer.lr``, Keras 1 defaults that changed.

Every rewrite emits only Keras API spelled from the user's own import root: it is the same
for every target. Facts: docs/legacy-apis.md, "Models, training and optimizers".
"""

from __future__ import annotations

from collections.abc import Sequence

import libcst as cst
from libcst.metadata import Assignment, ImportAssignment, QualifiedNameSource

from ..catalogue import CATALOGUE, Kind, parse_signature
from ..catalogue.modules import canonical
from ..catalogue.training import (
    FIT_GENERATOR_K1,
    FIT_GENERATOR_K2,
    OPTIMIZERS,
    OTHER_GENERATOR_K1,
    OTHER_GENERATOR_K2,
)
from ..resolve import base_name
from ..rewrite import string_value
from ..tables import FixSafety, Row
from ._base import Analysis, Context, Replacement

#: calls whose result is a model (canonical qualified names)
MODEL_FACTORIES = frozenset(
    {
        "keras.models.Model",
        "keras.Model",
        "keras.models.Sequential",
        "keras.Sequential",
        "keras.engine.training.Model",
        "keras.models.load_model",
        "keras.saving.load_model",
        "keras.models.model_from_json",
        "keras.models.model_from_yaml",
    }
)
CALLBACK = frozenset({"keras.callbacks.Callback"})
METHOD_NAMES = frozenset(e.name for e in CATALOGUE if e.qualified.startswith("keras.Model."))
OPTIMIZER_CLASSES = {f"keras.optimizers.{n}": n for n in OPTIMIZERS} | {
    f"keras.optimizers.{n.lower()}": n for n in OPTIMIZERS
}
#: Keras 1.2.2 defaults that Keras 3.15 changed (learning rate; epsilon was 1e-8, now 1e-7)
K1_DEFAULT_LR = {"Adagrad": "0.01", "Adadelta": "1.0", "Adamax": "0.002", "Nadam": "0.002"}
MERGE_MODES = {"sum": "add", "mul": "multiply", "ave": "average", "max": "maximum", "concat": "concatenate"}
MERGE_SIGNATURE = parse_signature(
    "inputs, mode='sum', concat_axis=-1, dot_axes=-1, output_shape=None, output_mask=None, "
    "arguments=None, node_indices=None, tensor_indices=None, name=None"
)
REMOVED_METRICS = frozenset({"fmeasure", "precision", "recall", "fbeta_score", "matthews_correlation"})
REMOVED_LOSSES = frozenset({"cosine_proximity", "cosine"})
#: the queue/worker keywords and the value that is the default (dropping it is exact)
WORKER_DEFAULTS = {
    "max_q_size": "10",
    "nb_worker": "1",
    "pickle_safe": "False",
    "max_queue_size": "10",
    "workers": "1",
    "use_multiprocessing": "False",
}
#: legacy keyword -> ``fit``/``evaluate``/``predict`` keyword; None: a sample count (converted)
GENERATOR_KEYWORDS: dict[str, str | None] = {
    "samples_per_epoch": None,
    "nb_val_samples": None,
    "val_samples": None,
    "nb_epoch": "epochs",
    "generator": "x",
}
SAMPLES_TO = {
    "samples_per_epoch": "steps_per_epoch",
    "nb_val_samples": "validation_steps",
    "val_samples": "steps",
}
K2_ONLY = frozenset({"steps_per_epoch", "epochs", "validation_steps", "steps", *list(WORKER_DEFAULTS)[3:]})
K1_ONLY = frozenset(
    {"samples_per_epoch", "nb_epoch", "nb_val_samples", "val_samples", *list(WORKER_DEFAULTS)[:3]}
)

_EQUAL = cst.AssignEqual(
    whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")
)
_COMMA = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))


class Training(Analysis):
    rules = frozenset(
        {"KM702", "KM703", "KM704", "KM705", "KM706", "KM707", "KM708", "KM709", "KM710"}
        | {"KM721", "KM722", "KM724", "KM730", "KM731"}
    )

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self._methods: list[tuple[cst.Call, cst.ClassDef | None]] = []
        self._lr: list[tuple[cst.Attribute, cst.ClassDef | None]] = []
        self._merges: list[cst.Call] = []
        #: (call, class name): reported or rewritten at the end, when every position is known
        self._optimizers: list[tuple[cst.Call, str]] = []
        self._checkpoints: list[cst.Call] = []
        #: the string literals of the file, by value (KM710 reads the history keys it uses)
        self._strings: dict[str, list[cst.SimpleString]] = {}
        #: ``'accuracy'`` elements of the ``metrics=`` lists of compiled models
        self._accuracy: list[cst.SimpleString] = []
        self._claimed: set[int] = set()
        self._math: bool | None = None

    # --- recognition ------------------------------------------------------------------

    def _qualified(self, node: cst.BaseExpression) -> str | None:
        """The canonical qualified name a Keras import gives ``node`` (None: not one, or
        something else on another path)."""
        base = base_name(node)
        if base is None or base.value not in self.ctx.import_roots:
            return None
        scope = self.ctx.scope(node)
        if scope is None:
            return None
        names = self.ctx.qualified_names(scope, node)
        found = {canonical(q.name) for q in names if q.source is QualifiedNameSource.IMPORT}
        if len(found) != 1 or len(names) != 1:
            return None
        return found.pop()

    def _class(self) -> cst.ClassDef | None:
        return next((n for n in reversed(self.ctx.stack) if isinstance(n, cst.ClassDef)), None)

    def _assigned_value(self, target: cst.CSTNode) -> cst.BaseExpression | None:
        parent = self.ctx.parent(target)
        statement = self.ctx.parent(parent) if isinstance(parent, cst.AssignTarget) else None
        if isinstance(statement, cst.Assign) and len(statement.targets) == 1:
            return statement.value
        return None

    def _is_model(self, node: cst.BaseExpression, cls: cst.ClassDef | None) -> bool:
        if isinstance(node, cst.Call):
            return self._qualified(node.func) in MODEL_FACTORIES
        if isinstance(node, cst.Name):
            scope = self.ctx.scope(node)
            if scope is None or node.value not in scope:
                return False
            assignments = list(scope[node.value])
            if not assignments or not all(isinstance(a, Assignment) for a in assignments):
                return False
            values = [self._assigned_value(a.node) for a in assignments if isinstance(a, Assignment)]
            return all(isinstance(v, cst.Call) and self._is_model(v, None) for v in values)
        if (
            isinstance(node, cst.Attribute)
            and node.attr.value == "model"
            and isinstance(node.value, cst.Name)
            and node.value.value == "self"
            and cls is not None
        ):
            if any(self._qualified(b.value) in CALLBACK for b in cls.bases):
                return True
            bound = _self_model_values(cls)
            return bool(bound) and all(isinstance(v, cst.Call) and self._is_model(v, None) for v in bound)
        return False

    # --- the walk ---------------------------------------------------------------------

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        qualified = self._qualified(func)
        if qualified is not None:
            if qualified == "keras.layers.merge":
                self._merges.append(node)
            elif qualified == "keras.layers.Merge":
                self._report(node, "KM731", _MERGE_LAYER)
            elif qualified in OPTIMIZER_CLASSES:
                self._optimizers.append((node, OPTIMIZER_CLASSES[qualified]))
            elif qualified == "keras.models.model_from_yaml":
                self._report(
                    node, "KM708", "`model_from_yaml` is gone: save the model as `.keras` (or use JSON)"
                )
            elif qualified == "keras.callbacks.ModelCheckpoint":
                self._checkpoints.append(node)
            return
        if isinstance(func, cst.Attribute) and func.attr.value in METHOD_NAMES:
            self._methods.append((node, self._class()))

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        value = string_value(node)
        if value in _ACCURACY_KEYS:
            self._strings.setdefault(value, []).append(node)

    def visit_Attribute(self, node: cst.Attribute) -> None:
        inner = node.value
        if node.attr.value == "lr" and isinstance(inner, cst.Attribute) and inner.attr.value == "optimizer":
            self._lr.append((node, self._class()))

    def claims(self, call: cst.Call, func: cst.BaseExpression, row: Row, bound: object, message: str) -> bool:
        """``K.set_value(model.optimizer.lr, v)`` / ``K.get_value(model.optimizer.lr)``."""
        name = func.attr.value if isinstance(func, cst.Attribute) else getattr(func, "value", "")
        if name not in ("set_value", "get_value") or not call.args or call.args[0].keyword is not None:
            return False
        first = call.args[0].value
        if not _is_optimizer_lr(first) or "KM722" not in self.ctx.options.select:
            return False
        assert isinstance(first, cst.Attribute) and isinstance(first.value, cst.Attribute)
        if not self._is_model(first.value.value, self._class()):
            return False
        if name == "set_value" and not (len(call.args) == 2 and call.args[1].keyword is None):
            return False
        if name == "get_value" and len(call.args) != 1:
            return False
        self._claimed.add(id(first))
        self._replace(call, _lr_call(name))
        self.ctx.release_import(func)
        self.ctx.fixed(call, "KM722")
        return True

    # --- optimizers -------------------------------------------------------------------

    def _optimizer(self, call: cst.Call, name: str) -> None:
        signature, _ = OPTIMIZERS[name]
        params = [p.name for p in parse_signature(signature) if p.kind is Kind.POSITIONAL]
        decay = _argument(call, params, "decay") or _argument(call, params, "schedule_decay")
        if decay is not None and decay.keyword is not None and decay.keyword.value == "schedule_decay":
            self._report(decay, "KM721", "`Nadam(schedule_decay=)` is gone (a `ValueError`): remove it")
        elif decay is not None:
            # a positional decay is passed by keyword by KM720's normalisation (when selected)
            by_keyword = decay.keyword is not None or "KM720" in self.ctx.options.select
            if _is_zero(decay.value) and by_keyword and self._selected(decay, "KM721"):
                self._replace(call, _drop_args([call.args.index(decay)]))
                self.ctx.fixed(decay, "KM721")
            else:
                self._report(decay, "KM721", _DECAY)
        no_lr = _argument(call, params, "lr") is None and _keyword(call, "learning_rate") is None
        if name in K1_DEFAULT_LR and self.ctx.keras1 is not None and no_lr:
            self._report(call, "KM724", _DEFAULTS.format(name=name, lr=K1_DEFAULT_LR[name]))

    # --- finish -----------------------------------------------------------------------

    def finish(self) -> None:
        for call, name in self._optimizers:
            self._optimizer(call, name)
        for call in self._checkpoints:
            arg = _keyword(call, "period")
            if arg is not None:
                self._report(arg, "KM709", _PERIOD)
            self._checkpoint_path(call)
        for node, cls in self._lr:
            if id(node) in self._claimed or "KM722" not in self.ctx.options.select:
                continue
            inner = node.value
            assert isinstance(inner, cst.Attribute)
            if self._is_model(inner.value, cls) and not self.ctx.suppressed(node, "KM722"):
                self._replace(node, _rename_attr("learning_rate"))
                self.ctx.fixed(node, "KM722")
        for call, cls in self._methods:
            func = call.func
            assert isinstance(func, cst.Attribute)
            if self._is_model(func.value, cls):
                self._method(call, func.attr.value)
        self._merge_all()
        self._accuracy_keys()

    def _accuracy_keys(self) -> None:
        """Keras 1 (and Keras 2 before 2.3) named ``metrics=['accuracy']`` ``acc`` (history and
        log keys ``acc``/``val_acc``, what ``monitor='val_acc'`` reads); Keras 3 names it
        ``accuracy``, so those reads fail (``KeyError``) or never match (a callback that only
        warns). Where the file reads ``'acc'``/``'val_acc'`` and never ``'accuracy'``/
        ``'val_accuracy'`` elsewhere, in Keras 1 code (where ``'val_accuracy'`` never was a key),
        the metric is written ``'acc'``: the same metric, which Keras 3 names ``acc``. Only the
        statements sent to LibCST are read (``segment.py``); the Keras 1 condition is what keeps
        an unseen ``'accuracy'`` read from mattering: it cannot have worked in that program."""
        strings = self._strings
        if (
            not self._accuracy
            or not (strings.get("acc") or strings.get("val_acc"))
            or self.ctx.keras1 is None
        ):
            return
        listed = {id(n) for n in self._accuracy}
        if any(id(n) not in listed for key in ("accuracy", "val_accuracy") for n in strings.get(key, [])):
            return
        for node in self._accuracy:
            if self._selected(node, "KM710"):
                text = f"{node.prefix}{node.quote}acc{node.quote}"
                self._replace(node, _constant(node.with_changes(value=text)))
                self.ctx.fixed(node, "KM710")

    def _method(self, call: cst.Call, name: str) -> None:
        if name == "fit":
            self._fit(call)
        elif name in ("fit_generator", "evaluate_generator", "predict_generator"):
            self._generator(call, name)
        elif name == "predict_classes":
            self._report(call, "KM706", _PREDICT_CLASSES)
        elif name == "predict_proba":
            if self._selected(call, "KM706"):
                self._replace(call, _rename_method("predict"))
                self.ctx.fixed(call, "KM706")
        elif name == "compile":
            self._compile(call)
        elif name == "to_yaml":
            self._report(call, "KM708", "`to_yaml()` is gone: use `to_json()` or save the model as `.keras`")
        elif name in ("save", "save_weights") and call.args:
            path = string_value(call.args[0].value) if call.args[0].keyword is None else None
            if path is None:
                return
            if name == "save" and not path.endswith((".keras", ".h5", ".hdf5")):
                self._report(call, "KM708", _SAVE.format(path=path))
            elif name == "save_weights" and not path.endswith(".weights.h5"):
                self._report(call, "KM708", _SAVE_WEIGHTS.format(path=path))

    def _selected(self, node: cst.CSTNode, rule: str) -> bool:
        return rule in self.ctx.options.select and not self.ctx.suppressed(node, rule)

    def _report(self, node: cst.CSTNode, rule: str, message: str) -> None:
        if rule in self.ctx.options.select:
            self.ctx.report(node, rule, message)

    def _replace(self, node: cst.CSTNode, replacement: Replacement) -> None:
        earlier = self.ctx.plan.replace.get(id(node))
        if earlier is None:
            self.ctx.plan.replace[id(node)] = replacement
        else:  # another analysis changed it first (a keyword rename inside the call)
            self.ctx.plan.replace[id(node)] = lambda updated: replacement(earlier(updated))

    # --- fit ----------------------------------------------------------------------------

    def _fit(self, call: cst.Call) -> None:
        drops: list[int] = []
        for i, arg in enumerate(call.args):
            if arg.keyword is not None and arg.keyword.value in WORKER_DEFAULTS:
                if _code(arg.value) != WORKER_DEFAULTS[arg.keyword.value]:
                    self._report(arg, "KM705", _WORKERS.format(name=arg.keyword.value))
                    return
                drops.append(i)  # tf.keras 2 ``fit(workers=1)``: the default, a TypeError today
        if not self._selected(call, "KM702"):
            drops = []
        renames: dict[int, str] = {}
        add: tuple[tuple[str, str], ...] = ()
        nb_epoch = _keyword(call, "nb_epoch")
        if nb_epoch is not None and self._selected(call, "KM702"):
            renames[call.args.index(nb_epoch)] = "epochs"
            self.ctx.fixed(nb_epoch, "KM702")
        positional = [a for a in call.args if a.keyword is None]
        if (
            self.ctx.keras1 is not None
            and nb_epoch is None
            and _keyword(call, "epochs") is None
            and len(positional) < 4
            and not any(a.star for a in call.args)
            and self._selected(call, "KM703")
        ):
            add = (("epochs", "10"),)
            self.ctx.fixed(call, "KM703")
        if drops:
            self.ctx.fixed(call.args[drops[0]], "KM702")
        if renames or add or drops:
            self._replace(call, _edit(renames, {}, drop=drops, add=add))

    # --- fit_generator, evaluate_generator, predict_generator ---------------------------

    def _generator(self, call: cst.Call, name: str) -> None:
        if not self._selected(call, "KM704"):
            return
        new = name.removesuffix("_generator")
        shown = f"`{name}(...)`"
        if any(a.star for a in call.args):
            self._report(call, "KM704", f"{shown} is gone: use `{new}(...)`; `*args`/`**kwargs` not followed")
            return
        keywords = {a.keyword.value for a in call.args if a.keyword is not None}
        positional = [a for a in call.args if a.keyword is None]
        k1 = bool(keywords & K1_ONLY)
        k2 = bool(keywords & K2_ONLY)
        if k1 and k2:
            self._report(call, "KM704", f"{shown} mixes Keras 1 and Keras 2 keywords; port it by hand")
            return
        if not k1 and not k2 and len(positional) > 1:
            k1 = self.ctx.keras1 is not None
            if not k1:
                self._report(call, "KM704", _AMBIGUOUS.format(shown=shown, new=new))
                return
        signature = (
            (FIT_GENERATOR_K1 if k1 else FIT_GENERATOR_K2)
            if name == "fit_generator"
            else (OTHER_GENERATOR_K1 if k1 else OTHER_GENERATOR_K2)
        )
        names = [p.name for p in parse_signature(signature)]
        if len(positional) > len(names):
            self._report(call, "KM704", f"{shown} passes more positional arguments than it took")
            return
        bound: dict[str, int] = {}
        for i, arg in enumerate(call.args):
            key = arg.keyword.value if arg.keyword is not None else names[i]
            bound[key] = i
        renames: dict[int, str] = {}
        values: dict[int, str] = {}
        drops: list[int] = []
        for key, i in bound.items():
            arg = call.args[i]
            if key in WORKER_DEFAULTS:
                if _code(arg.value) != WORKER_DEFAULTS[key]:
                    self._report(arg, "KM705", _WORKERS.format(name=key))
                    return
                drops.append(i)
            elif key == "class_weight":
                if _code(arg.value) not in ("None", "{}"):
                    self._report(arg, "KM704", _CLASS_WEIGHT)
                    return
                drops.append(i)
            elif key in SAMPLES_TO:
                source = "validation_data" if key == "nb_val_samples" else "generator"
                if source not in bound:
                    self._report(arg, "KM704", f"`{key}=` has no generator here; port {shown} by hand")
                    return
                if key == "nb_val_samples" and not _is_generator_like(call.args[bound[source]].value):
                    drops.append(i)  # Keras 1 ignored it for array validation data
                    continue
                steps = self._steps(call, arg, key, call.args[bound[source]].value)
                if steps is None:
                    return
                renames[i], values[i] = SAMPLES_TO[key], steps
            elif i > 0 or arg.keyword is not None:
                renames[i] = GENERATOR_KEYWORDS.get(key) or key
        self._replace(call, _edit(renames, values, drop=drops, method=new))
        safety = FixSafety.UNSAFE if values else FixSafety.SAFE
        self.ctx.fixed(call, "KM704", safety)
        if values:
            self._math_import(call)

    def _steps(self, call: cst.Call, arg: cst.Arg, key: str, generator: cst.BaseExpression) -> str | None:
        """``math.ceil(N / batch_size)`` for a sample count, when the batch size is visible
        (module docs); None after reporting."""
        batch = self._batch_size(generator)
        target = SAMPLES_TO[key]
        count = _code(arg.value)
        if not isinstance(arg.value, cst.Name | cst.Integer | cst.Attribute):
            count = f"({count})"
        if batch is None:
            self._report(arg, "KM704", _SAMPLES.format(key=key, new=target))
            return None
        steps = f"math.ceil({count} / {batch})"
        if not self.ctx.options.unsafe_fixes:
            self._report(arg, "KM704", _SAMPLES_UNSAFE.format(key=key, new=target, steps=steps))
            return None
        if self.ctx.segmented:  # `math` may be bound outside what was read
            from ..segment import Fallback

            raise Fallback("a rewrite needs `math`")
        if self._math_taken():
            self._report(
                arg, "KM704", f"`{key}=` counts samples: pass `{target}={steps}` (`math` is taken here)"
            )
            return None
        return steps

    def _batch_size(self, generator: cst.BaseExpression) -> str | None:
        """The generator's batch size when written as an int literal in the call that makes
        it (``flow(x, y, batch_size=32)``, ``batches(x, y, batch_size=32)``), that call
        being the argument itself or the value of every binding of the name passed."""
        if isinstance(generator, cst.Call):
            arg = _keyword(generator, "batch_size")
            return arg.value.value if arg is not None and isinstance(arg.value, cst.Integer) else None
        if isinstance(generator, cst.Name):
            scope = self.ctx.scope(generator)
            assignments = (
                list(scope[generator.value]) if scope is not None and generator.value in scope else []
            )
            if not assignments and self.ctx.segmented:
                from ..segment import Fallback

                raise Fallback("a generator's binding is outside the statements migrated")
            if not assignments or not all(isinstance(a, Assignment) for a in assignments):
                return None
            sizes = {
                self._batch_size(v)
                for a in assignments
                if isinstance(a, Assignment) and (v := self._assigned_value(a.node)) is not None
            }
            if len(sizes) != 1 or len(assignments) != 1:
                return None
            return sizes.pop()
        return None

    def _math_taken(self) -> bool:
        """Is ``math`` bound in the module to anything but ``import math``?"""
        for scope in self.ctx.all_scopes():
            if "math" in scope:
                for a in scope["math"]:
                    if not (isinstance(a, ImportAssignment) and isinstance(a.node, cst.Import)):
                        return True
                    if not any(_dotted(al.name) == "math" and al.asname is None for al in a.node.names):
                        return True
        return False

    def _math_import(self, call: cst.Call) -> None:
        self.ctx.add_import("math")

    def _checkpoint_path(self, call: cst.Call) -> None:
        """Keras 3 checks a literal path's ending when the callback is made (``ValueError``): a
        model needs ``.keras`` or ``.h5`` (Keras 1's ``.hdf5`` is refused), weights
        ``.weights.h5``; a path neither accepts is refused whatever ``save_weights_only`` is."""
        path = _argument(call, _CHECKPOINT_PARAMS, "filepath")
        value = string_value(path.value) if path is not None else None
        if path is None or value is None:
            return
        flag = _argument(call, _CHECKPOINT_PARAMS, "save_weights_only")
        weights = flag.value.value if flag is not None and isinstance(flag.value, cst.Name) else None
        if flag is None:
            weights = "False"
        if not value.endswith((".keras", ".h5")):
            self._report(path, "KM709", _CHECKPOINT_WEIGHTS if weights == "True" else _CHECKPOINT_MODEL)
        elif weights == "True" and not value.endswith(".weights.h5"):
            self._report(path, "KM709", _CHECKPOINT_WEIGHTS)

    # --- compile ------------------------------------------------------------------------

    def _compile(self, call: cst.Call) -> None:
        swm = _keyword(call, "sample_weight_mode")
        if swm is not None:
            self._report(swm, "KM707", _SAMPLE_WEIGHT_MODE)
        loss = _argument(call, ["optimizer", "loss"], "loss")
        if loss is not None and string_value(loss.value) in REMOVED_LOSSES:
            self._report(loss, "KM707", _COSINE)
        metrics = _argument(call, ["optimizer", "loss", "metrics"], "metrics")
        if metrics is not None and isinstance(metrics.value, cst.List | cst.Tuple):
            for element in metrics.value.elements:
                value = string_value(element.value)
                if value in REMOVED_METRICS:
                    self._report(element, "KM707", _METRIC.format(name=value))
                elif value == "accuracy" and isinstance(element.value, cst.SimpleString):
                    self._accuracy.append(element.value)

    # --- merge --------------------------------------------------------------------------

    def _merge_all(self) -> None:
        """``merge(xs, mode=...)`` -> ``add(xs)``/``concatenate(xs, axis=)``/...; the import
        ``from keras.layers import merge`` follows when every use of it is rewritten."""
        imports: dict[int, tuple[ImportAssignment, set[str]]] = {}
        blocked: set[int] = set()
        rewritten: set[int] = set()
        for call in self._merges:
            if not self._selected(call, "KM730"):
                continue
            plan = _merge_plan(call)
            if isinstance(plan, str):
                self._report(call, "KM730", plan)
                if isinstance(call.func, cst.Name):
                    for a in self._import_of(call.func):
                        blocked.add(id(a))
                continue
            function, renames = plan
            if isinstance(call.func, cst.Name):
                assignments = self._import_of(call.func)
                if (
                    call.func.value != "merge"
                    or len(assignments) != 1
                    or not self._plain_import(assignments[0])
                ):
                    self._report(
                        call,
                        "KM730",
                        f"use `{function}(...)`; `merge` is imported here in a way not followed",
                    )
                    continue
                if self._name_taken(function, assignments[0]):
                    self._report(
                        call, "KM730", f"use `{function}(...)` (the name `{function}` is taken here)"
                    )
                    blocked.add(id(assignments[0]))
                    continue
                entry = imports.setdefault(id(assignments[0]), (assignments[0], set()))
                entry[1].add(function)
                rewritten.add(id(call.func))
                self._replace(call, _merge_call(function, renames, attribute=False))
            else:
                self._replace(call, _merge_call(function, renames, attribute=True))
            self.ctx.fixed(call, "KM730")
        for key, (assignment, functions) in imports.items():
            node = assignment.node
            assert isinstance(node, cst.ImportFrom)
            keep = key in blocked or any(id(r.node) not in rewritten for r in assignment.references)
            self._replace(node, _merge_import(sorted(functions), keep))

    def _import_of(self, name: cst.Name) -> list[ImportAssignment]:
        scope = self.ctx.scope(name)
        if scope is None or name.value not in scope:
            return []
        return [a for a in scope[name.value] if isinstance(a, ImportAssignment)]

    def _plain_import(self, assignment: ImportAssignment) -> bool:
        """``from keras.layers import merge`` (or ``tensorflow.keras.layers``), no alias."""
        node = assignment.node
        if not isinstance(node, cst.ImportFrom) or node.module is None or node.relative:
            return False
        if isinstance(node.names, cst.ImportStar):
            return False
        if _dotted(node.module) not in ("keras.layers", "tensorflow.keras.layers"):
            return False
        return any(_dotted(a.name) == "merge" and a.asname is None for a in node.names)

    def _name_taken(self, name: str, assignment: ImportAssignment) -> bool:
        """Is ``name`` bound in the module to anything but the same import statement's name?"""
        for scope in self.ctx.all_scopes():
            if name in scope.assignments:
                for a in scope.assignments[name]:
                    if not (isinstance(a, ImportAssignment) and a.node is assignment.node):
                        return True
        return False


# --- helpers -----------------------------------------------------------------------------


def _dotted(node: cst.BaseExpression) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{_dotted(node.value)}.{node.attr.value}"
    return ""


def _code(node: cst.CSTNode) -> str:
    return cst.Module(body=[]).code_for_node(node)


def _keyword(call: cst.Call, name: str) -> cst.Arg | None:
    return next((a for a in call.args if a.keyword is not None and a.keyword.value == name), None)


def _argument(call: cst.Call, params: Sequence[str], name: str) -> cst.Arg | None:
    """The argument passed for legacy parameter ``name`` (by keyword, or by position)."""
    found = _keyword(call, name)
    if found is not None:
        return found
    positional = [a for a in call.args if a.keyword is None and not a.star]
    index = list(params).index(name) if name in params else None
    return positional[index] if index is not None and index < len(positional) else None


def _is_zero(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Integer | cst.Float) and float(node.value) == 0.0


def _is_optimizer_lr(node: cst.BaseExpression) -> bool:
    return (
        isinstance(node, cst.Attribute)
        and node.attr.value == "lr"
        and isinstance(node.value, cst.Attribute)
        and node.value.attr.value == "optimizer"
    )


def _is_generator_like(node: cst.BaseExpression) -> bool:
    """Not an ``(x, y)``/``[x, y]`` literal of arrays: Keras 1 used ``nb_val_samples`` only
    for generators."""
    return not isinstance(node, cst.Tuple | cst.List)


def _self_model_values(cls: cst.ClassDef) -> list[cst.BaseExpression]:
    values: list[cst.BaseExpression] = []

    class _Find(cst.CSTVisitor):
        def visit_Assign(self, node: cst.Assign) -> None:
            for target in node.targets:
                t = target.target
                if (
                    isinstance(t, cst.Attribute)
                    and t.attr.value == "model"
                    and isinstance(t.value, cst.Name)
                    and t.value.value == "self"
                ):
                    values.append(node.value if len(node.targets) == 1 else cst.Name("_"))

        def visit_AugAssign(self, node: cst.AugAssign) -> None:
            if _dotted(node.target) == "self.model":
                values.append(cst.Name("_"))

        def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
            if _dotted(node.target) == "self.model":
                values.append(node.value if node.value is not None else cst.Name("_"))

    cls.visit(_Find())
    return values


def _merge_plan(call: cst.Call) -> tuple[str, dict[str, str | None]] | str:
    """(function, {legacy parameter: new keyword or None (dropped)}) or why it is reported."""
    names = [p.name for p in MERGE_SIGNATURE]
    if any(a.star for a in call.args):
        return "`merge(...)` is gone; `*args`/`**kwargs` are not followed: use `add`/`concatenate`/..."
    bound: dict[str, cst.Arg] = {}
    for i, arg in enumerate(call.args):
        key = arg.keyword.value if arg.keyword is not None else (names[i] if i < len(names) else "")
        if key not in names:
            return "`merge(...)` is gone; this call passes arguments it did not take"
        bound[key] = arg
    mode_arg = bound.get("mode")
    mode = string_value(mode_arg.value) if mode_arg is not None else "sum"
    if mode_arg is not None and mode is None:
        return _MERGE_CALLABLE
    for extra in ("output_shape", "output_mask", "arguments", "node_indices", "tensor_indices"):
        if extra in bound and _code(bound[extra].value) != "None":
            return f"`merge(..., {extra}=)` has no equivalent in the merge functions; port it by hand"
    if mode == "cos":
        return _MERGE_COS
    if mode == "dot":
        function = "dot"
    elif mode in MERGE_MODES:
        function = MERGE_MODES[mode]
    else:
        return f"`merge(mode={mode!r})` is not a Keras 1 mode; port it by hand"
    renames: dict[str, str | None] = {"inputs": "", "mode": None, "name": "name"}
    renames["concat_axis"] = "axis" if function == "concatenate" else None
    renames["dot_axes"] = "axes" if function == "dot" else None
    for extra in ("output_shape", "output_mask", "arguments", "node_indices", "tensor_indices"):
        renames[extra] = None
    if "inputs" not in bound:
        return "`merge(...)` without its inputs; port it by hand"
    order = {k: names.index(k) for k in bound}
    # the arguments as (keyword, source index in call.args)
    plan = {k: renames[k] for k in sorted(bound, key=lambda k: order[k])}
    positions = {k: call.args.index(bound[k]) for k in bound}
    out: dict[str, str | None] = {f"{positions[k]}": v for k, v in plan.items()}
    if function == "dot" and "dot_axes" not in bound:
        out["+axes"] = "-1"
    return function, out


def _merge_call(function: str, plan: dict[str, str | None], *, attribute: bool) -> Replacement:
    def replace(updated: cst.CSTNode) -> cst.CSTNode:
        assert isinstance(updated, cst.Call)
        func = updated.func
        if attribute:
            assert isinstance(func, cst.Attribute)
            func = func.with_changes(attr=cst.Name(function))
        else:
            func = cst.Name(function)
        args: list[cst.Arg] = []
        for key, keyword in plan.items():
            if key.startswith("+"):
                args.append(
                    cst.Arg(cst.parse_expression(str(keyword)), keyword=cst.Name(key[1:]), equal=_EQUAL)
                )
                continue
            if keyword is None:
                continue
            arg = updated.args[int(key)]
            if keyword:
                equal = arg.equal if arg.keyword is not None else _EQUAL
                arg = arg.with_changes(keyword=cst.Name(keyword), equal=equal)
            args.append(arg)
        return updated.with_changes(func=func, args=_commas(args, updated.args))

    return replace


def _merge_import(functions: list[str], keep: bool) -> Replacement:
    """``from keras.layers import Input, merge`` -> ``from keras.layers import Input, add, concatenate``
    (``merge`` kept too when some use of it is not rewritten)."""

    def replace(updated: cst.CSTNode) -> cst.CSTNode:
        assert isinstance(updated, cst.ImportFrom) and not isinstance(updated.names, cst.ImportStar)
        present = {_dotted(a.name) for a in updated.names if a.asname is None}
        names: list[cst.ImportAlias] = []
        for alias in updated.names:
            if _dotted(alias.name) != "merge" or alias.asname is not None:
                names.append(alias)
                continue
            group = [alias] if keep else []
            group += [alias.with_changes(name=cst.Name(f)) for f in functions if f not in present]
            last = alias.comma
            names += [a.with_changes(comma=_COMMA) for a in group[:-1]]
            names += [a.with_changes(comma=last) for a in group[-1:]]
        return updated.with_changes(names=names)

    return replace


def _commas(args: list[cst.Arg], original: Sequence[cst.Arg]) -> list[cst.Arg]:
    """Commas between the new arguments; the last one keeps the original's trailing comma."""
    if not args:
        return args
    last = original[-1].comma if original else cst.MaybeSentinel.DEFAULT
    out = []
    for i, arg in enumerate(args):
        if i < len(args) - 1:
            comma = arg.comma if isinstance(arg.comma, cst.Comma) else _COMMA
            out.append(arg.with_changes(comma=comma))
        else:
            out.append(arg.with_changes(comma=last))
    return out


def _edit(
    renames: dict[int, str],
    values: dict[int, str],
    *,
    drop: Sequence[int] = (),
    add: Sequence[tuple[str, str]] = (),
    method: str = "",
) -> Replacement:
    """Rename the keywords of some arguments (by index; a positional one becomes a keyword),
    replace some values, drop some, add keywords at the end, rename the method."""

    def replace(updated: cst.CSTNode) -> cst.CSTNode:
        assert isinstance(updated, cst.Call)
        args: list[cst.Arg] = []
        for i, arg in enumerate(updated.args):
            if i in drop:
                continue
            if i in renames:
                equal = arg.equal if arg.keyword is not None else _EQUAL
                arg = arg.with_changes(keyword=cst.Name(renames[i]), equal=equal)
            if i in values:
                arg = arg.with_changes(value=cst.parse_expression(values[i]))
            args.append(arg)
        for keyword, value in add:
            args.append(cst.Arg(cst.parse_expression(value), keyword=cst.Name(keyword), equal=_EQUAL))
        func = updated.func
        if method:
            assert isinstance(func, cst.Attribute)
            func = func.with_changes(attr=cst.Name(method))
        return updated.with_changes(func=func, args=_commas(args, updated.args))

    return replace


def _drop_args(indices: Sequence[int]) -> Replacement:
    return _edit({}, {}, drop=indices)


def _rename_method(new: str) -> Replacement:
    def replace(updated: cst.CSTNode) -> cst.CSTNode:
        assert isinstance(updated, cst.Call) and isinstance(updated.func, cst.Attribute)
        return updated.with_changes(func=updated.func.with_changes(attr=cst.Name(new)))

    return replace


def _rename_attr(new: str) -> Replacement:
    def replace(updated: cst.CSTNode) -> cst.CSTNode:
        assert isinstance(updated, cst.Attribute)
        return updated.with_changes(attr=cst.Name(new))

    return replace


def _lr_call(name: str) -> Replacement:
    """``K.set_value(m.optimizer.lr, v)`` -> ``m.optimizer.learning_rate.assign(v)``;
    ``K.get_value(m.optimizer.lr)`` -> ``m.optimizer.learning_rate.numpy()``."""

    def replace(updated: cst.CSTNode) -> cst.CSTNode:
        assert isinstance(updated, cst.Call)
        first = updated.args[0].value
        assert isinstance(first, cst.Attribute)
        variable = first.with_changes(attr=cst.Name("learning_rate"))
        if name == "set_value":
            value = updated.args[1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
            return cst.Call(
                cst.Attribute(variable, cst.Name("assign")), [value], lpar=updated.lpar, rpar=updated.rpar
            )
        return cst.Call(cst.Attribute(variable, cst.Name("numpy")), [], lpar=updated.lpar, rpar=updated.rpar)

    return replace


# --- messages ------------------------------------------------------------------------------

_MERGE_LAYER = (
    "`Merge` layers are gone: use the functional API (an `Input` per branch, `concatenate`/`add`/... "
    "of their outputs, `Model(inputs=[...], outputs=...)`)"
)
_MERGE_CALLABLE = (
    "`merge(mode=<callable>)`: use `Lambda(function)` on the list of inputs (check its output shape)"
)
_MERGE_COS = (
    "`merge(mode='cos')` added an axis and clamped at epsilon: the closest is "
    "`Reshape((1, 1))(dot(inputs, axes=..., normalize=True))`; port it by hand"
)
#: the metric names KM710 weighs: Keras 1's history keys and Keras 3's
_ACCURACY_KEYS = frozenset({"acc", "val_acc", "accuracy", "val_accuracy"})


def _constant(node: cst.CSTNode) -> Replacement:
    return lambda updated: node


#: Keras 1's ``ModelCheckpoint(filepath, monitor, verbose, save_best_only, save_weights_only, mode, period)``
_CHECKPOINT_PARAMS = (
    "filepath",
    "monitor",
    "verbose",
    "save_best_only",
    "save_weights_only",
    "mode",
    "period",
)
_CHECKPOINT_MODEL = (
    "Keras 3's `ModelCheckpoint` refuses this path (a `ValueError`): a model's file name must end in "
    "`.keras` (or `.h5`; Keras 1's `.hdf5` is refused)"
)
_CHECKPOINT_WEIGHTS = (
    "Keras 3's `ModelCheckpoint(save_weights_only=True)` refuses this path (a `ValueError`): the file "
    "name must end in `.weights.h5`"
)
_PERIOD = "`ModelCheckpoint(period=)` is gone (a `TypeError`): use `save_freq=` (in batches, or 'epoch')"
_DECAY = (
    "`decay=` is ignored by Keras 3 (only a warning): pass `learning_rate="
    "keras.optimizers.schedules.InverseTimeDecay(lr, decay_steps=1, decay_rate=decay)`"
)
_DEFAULTS = (
    "Keras 1 `{name}()` defaulted to learning rate {lr} and epsilon 1e-08 (now 0.001 and 1e-07): "
    "pass `learning_rate={lr}, epsilon=1e-08` to keep them"
)
_PREDICT_CLASSES = (
    "`predict_classes` is gone: use `np.argmax(model.predict(x), axis=-1)` (softmax), "
    "or `(model.predict(x) > 0.5).astype('int32')` (one sigmoid output)"
)
_SAVE = (
    "`save({path!r})`: Keras 3 needs a `.keras` (or `.h5`) file name; `model.export()` writes a SavedModel"
)
_SAVE_WEIGHTS = "`save_weights({path!r})`: Keras 3 needs a name ending in `.weights.h5`"
_SAMPLE_WEIGHT_MODE = (
    "`compile(sample_weight_mode=)` is gone (a `TypeError`): remove it; pass 2-D `sample_weight` to `fit`"
)
_COSINE = "loss `'cosine_proximity'` is gone: use `keras.losses.cosine_similarity` (same sign)"
_METRIC = "metric {name!r} was removed in Keras 2.0: use `keras.metrics.Precision()`/`Recall()`/`F1Score()`"
_WORKERS = "`{name}=` is not a `fit` argument in Keras 3: move it to a `keras.utils.PyDataset(workers=...)`"
_CLASS_WEIGHT = "`class_weight=` with a generator raises `ValueError` in Keras 3: use a `PyDataset` or arrays"
_AMBIGUOUS = (
    "{shown}: positional counts were samples in Keras 1, steps in Keras 2, and nothing here says "
    "which: use `{new}(...)` with steps by keyword"
)
_SAMPLES = "`{key}=` counts samples, `{new}=` counts batches: pass `{new}=math.ceil(N / batch_size)`"
_SAMPLES_UNSAFE = (
    "`{key}=` counts samples, `{new}=` batches: `{new}={steps}` if every batch is full "
    "(--unsafe-fixes writes it)"
)
