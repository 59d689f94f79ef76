"""Dense legacy Keras files in the style of real Keras 1/2 projects, for benchmarks.

Real legacy repositories are not the sparse files of ``bench.py``'s generated tree: a
model-definition module is hundreds of layer calls, a custom-layer module has a backend
call every two or three lines, a training script mixes ``fit_generator`` with
preprocessing that branches on ``image_dim_ordering()``. This module writes such files,
deterministically (seeded), from blocks written for kerasmigrate (no third-party code).

``python benchmarks/dense.py OUT_DIR [--files 40] [--seed 3]`` writes a tree; ``bench.py``
imports :func:`make_dense_tree`.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Callable
from pathlib import Path

#: one import block per project style: each imports every name the blocks use (the
#: spellings differ, as they do between real projects), so every reference resolves
HEADERS = (
    "from keras import backend as K\n"
    "from keras.models import Sequential, Model\n"
    "from keras.layers import Input, Dense, Activation, Flatten, Dropout\n"
    "from keras.layers import Convolution2D, MaxPooling2D, ZeroPadding2D, BatchNormalization\n"
    "from keras.layers import merge\n"
    "from keras.engine.topology import Layer\n"
    "from keras import initializations\n"
    "from keras.optimizers import SGD\n"
    "import numpy as np\n",
    "import numpy as np\n"
    "import keras.backend as K\n"
    "from keras.engine.topology import Layer\n"
    "from keras import initializations\n"
    "from keras.layers import Activation, BatchNormalization, merge\n"
    "from keras.layers.convolutional import Convolution2D, MaxPooling2D, ZeroPadding2D\n"
    "from keras.optimizers import SGD\n",
    "import os\n"
    "import numpy as np\n"
    "from keras import backend as K\n"
    "from keras.backend import common\n"
    "from keras.optimizers import SGD, Adam\n"
    "from keras.layers import Activation, BatchNormalization, merge\n"
    "from keras.layers import Convolution2D, MaxPooling2D, ZeroPadding2D\n"
    "from keras.engine.topology import Layer\n"
    "from keras import initializations\n",
)


def conv_chain(i: int, rng: random.Random) -> str:
    """A VGG-style stage: ZeroPadding, Convolution2D with border_mode, pooling."""
    filters = rng.choice((32, 64, 128, 256, 512))
    lines = [f"def stage_{i}(model):"]
    for j in range(rng.randint(3, 6)):
        lines.append("    model.add(ZeroPadding2D((1, 1)))")
        lines.append(
            f"    model.add(Convolution2D({filters}, 3, 3, activation='relu', "
            f"border_mode='{rng.choice(('valid', 'same'))}', name='conv{i}_{j}'))"
        )
        if rng.random() < 0.4:
            lines.append(
                "    model.add(BatchNormalization(mode=0, axis=1 if K.image_dim_ordering() == 'th' else -1))"
            )
    lines.append("    model.add(MaxPooling2D((2, 2), strides=(2, 2)))")
    lines.append("    return model")
    return "\n".join(lines) + "\n"


def functional_block(i: int, rng: random.Random) -> str:
    """A residual-style functional block with ``merge`` and ordering-dependent axes."""
    n = rng.choice((64, 128, 256))
    return (
        f"def block_{i}(x):\n"
        "    if K.image_dim_ordering() == 'tf':\n"
        "        bn_axis = 3\n"
        "    else:\n"
        "        bn_axis = 1\n"
        f"    y = Convolution2D({n}, 1, 1, subsample=(1, 1), name='res{i}a')(x)\n"
        f"    y = BatchNormalization(axis=bn_axis, name='bn{i}a')(y)\n"
        "    y = Activation('relu')(y)\n"
        f"    y = Convolution2D({n}, 3, 3, border_mode='same', name='res{i}b')(y)\n"
        f"    y = BatchNormalization(axis=bn_axis, name='bn{i}b')(y)\n"
        f"    y = merge([y, x], mode='sum')\n"
        "    return Activation('relu')(y)\n"
    )


def custom_layer(i: int, rng: random.Random) -> str:
    """A Keras 1 custom layer: backend calls every line or two."""
    axis = rng.choice((-1, 1))
    return (
        f"class Scale{i}(Layer):\n"
        "    def __init__(self, output_dim, **kwargs):\n"
        "        self.output_dim = output_dim\n"
        f"        super(Scale{i}, self).__init__(**kwargs)\n"
        "\n"
        "    def build(self, input_shape):\n"
        "        init = initializations.get('glorot_uniform')\n"
        "        self.W = init((input_shape[1], self.output_dim))\n"
        "        self.trainable_weights = [self.W]\n"
        "\n"
        "    def call(self, x, mask=None):\n"
        "        y = K.dot(x, self.W)\n"
        f"        y = y - K.mean(y, axis={axis}, keepdims=True)\n"
        f"        s = K.sqrt(K.mean(K.square(y), axis={axis}, keepdims=True) + K.epsilon())\n"
        "        y = K.common.relu(y / s) + K.common.sigmoid(y)\n"
        "        return K.clip(y, 0.0, 6.0)\n"
        "\n"
        "    def get_output_shape_for(self, input_shape):\n"
        "        return (input_shape[0], self.output_dim)\n"
    )


def loss(i: int, rng: random.Random) -> str:
    """A loss function of the kind every segmentation/GAN repository has."""
    smooth = rng.choice((1.0, 1e-5, 0.5))
    return (
        f"def dice_{i}(y_true, y_pred):\n"
        "    y_true_f = K.flatten(y_true)\n"
        "    y_pred_f = K.flatten(y_pred)\n"
        "    inter = K.sum(y_true_f * y_pred_f)\n"
        f"    return (2.0 * inter + {smooth}) / (K.sum(y_true_f) + K.sum(y_pred_f) + {smooth})\n"
        "\n"
        "\n"
        f"def weighted_{i}(y_true, y_pred):\n"
        "    w = K.common.abs(y_true - 0.5) * 2.0\n"
        "    return K.mean(w * K.binary_crossentropy(y_true, y_pred), axis=-1)\n"
    )


def preprocess(i: int, rng: random.Random) -> str:
    """Image preprocessing that branches on the ordering."""
    return (
        f"def preprocess_{i}(x):\n"
        "    if K.image_dim_ordering() == 'th':\n"
        "        x = x[:, ::-1, :, :]\n"
        f"        x[:, 0, :, :] -= {rng.uniform(90, 130):.3f}\n"
        "    else:\n"
        "        x = x[:, :, :, ::-1]\n"
        f"        x[:, :, :, 0] -= {rng.uniform(90, 130):.3f}\n"
        "    return x\n"
    )


def training(i: int, rng: random.Random) -> str:
    """A Keras 1 training script fragment."""
    return (
        f"def train_{i}(model, gen, val):\n"
        f"    model.compile(optimizer=SGD(lr={rng.choice((0.1, 0.01, 0.001))}, momentum=0.9), loss='mse')\n"
        f"    model.fit_generator(gen, samples_per_epoch={rng.randint(1, 9) * 1000}, nb_epoch={rng.randint(2, 50)},\n"
        f"                        validation_data=val, nb_val_samples={rng.randint(1, 5) * 100})\n"
        "    K.set_value(model.optimizer.lr, 0.5 * K.get_value(model.optimizer.lr))\n"
        "    return common.floatx()\n"
    )


BLOCKS: tuple[Callable[[int, random.Random], str], ...] = (
    conv_chain,
    functional_block,
    custom_layer,
    loss,
    preprocess,
    training,
)


def dense_file(index: int, lines: int, rng: random.Random) -> str:
    """One file of about ``lines`` lines made of blocks of one project's style."""
    header = HEADERS[index % len(HEADERS)]
    uses_common = "import common" in header
    parts = [f'"""Legacy module {index}."""\n', header, "\n"]
    n = 0
    while sum(p.count("\n") for p in parts) < lines:
        block = rng.choice(BLOCKS)
        text = block(n, rng)
        if not uses_common:
            text = text.replace("common.floatx()", "K.floatx()")
        parts.append("\n\n" + text)
        n += 1
    return "".join(parts)


def make_dense_tree(root: Path, files: int = 40, seed: int = 3) -> int:
    """Write ``files`` dense legacy files of 200 to 2,000 lines; returns the total lines."""
    rng = random.Random(seed)
    total = 0
    for i in range(files):
        lines = rng.randint(200, 2000)
        text = dense_file(i, lines, rng)
        folder = root / f"project{i % 5}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"legacy_{i}.py").write_text(text)
        total += text.count("\n")
    return total


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--files", type=int, default=40)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    total = make_dense_tree(Path(args.out), args.files, args.seed)
    print(f"wrote {args.files} files, {total} lines, to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
