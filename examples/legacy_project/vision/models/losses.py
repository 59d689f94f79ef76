"""Custom losses and activations kept from the original experiments."""
from keras import backend as K


def mean_absolute_loss(y_true, y_pred):
    return K.common.abs(y_true - y_pred)


def swish_like(x):
    # a home-made gate: relu plus sigmoid
    return K.common.relu(x) + K.common.sigmoid(x)


def leaky(x):
    return K.common.relu(x, alpha=0.1)


def capped(x):
    return K.common.relu(x, alpha=0.1, max_value=6)  # no exact tf.nn equivalent: reported


def stable_eps():
    return K.common.epsilon()
