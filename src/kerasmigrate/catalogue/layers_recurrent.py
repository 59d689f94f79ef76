"""Keras 1.2.2 recurrent, normalization and advanced-activation layers (KM640-KM648).

The signatures are the Keras 1.2.2 constructors, in their positional order, with the
keywords every recurrent layer took from Keras 1's ``Recurrent`` base (``weights``,
``return_sequences``, ..., ``consume_less``, ``input_dim``, ``input_length``) after them.
What each keyword is called now, and which values map, is in
``analyses/layers_recurrent.py``: these layers need more than renames (keywords that
merge, drop or depend on the layer and on the file being Keras 1 code). Facts:
docs/legacy-apis.md §9.
"""

from __future__ import annotations

from ._schema import Entry

_RECURRENT = (
    "*, weights=None, return_sequences=False, go_backwards=False, stateful=False, unroll=False, "
    "consume_less='cpu', input_dim=None, input_length=None, **kwargs"
)
_REGULARIZED = "W_regularizer=None, U_regularizer=None, b_regularizer=None, dropout_W=0.0, dropout_U=0.0"

LSTM = Entry(
    "KM640",
    "keras.layers.LSTM",
    "output_dim, init='glorot_uniform', inner_init='orthogonal', forget_bias_init='one', "
    f"activation='tanh', inner_activation='hard_sigmoid', {_REGULARIZED}, {_RECURRENT}",
    version="1.2.2",
)
GRU = Entry(
    "KM640",
    "keras.layers.GRU",
    "output_dim, init='glorot_uniform', inner_init='orthogonal', activation='tanh', "
    f"inner_activation='hard_sigmoid', {_REGULARIZED}, {_RECURRENT}",
    version="1.2.2",
)
SIMPLE_RNN = Entry(
    "KM640",
    "keras.layers.SimpleRNN",
    f"output_dim, init='glorot_uniform', inner_init='orthogonal', activation='tanh', {_REGULARIZED}, {_RECURRENT}",
    version="1.2.2",
)
CONV_LSTM_2D = Entry(
    "KM644",
    "keras.layers.ConvLSTM2D",
    "nb_filter, nb_row, nb_col, init='glorot_uniform', inner_init='orthogonal', "
    "forget_bias_init='one', activation='tanh', inner_activation='hard_sigmoid', "
    "dim_ordering='default', border_mode='valid', subsample=(1, 1), "
    f"{_REGULARIZED}, *, weights=None, return_sequences=False, go_backwards=False, stateful=False, "
    "**kwargs",
    version="1.2.2",
)
BATCH_NORMALIZATION = Entry(
    "KM645",
    "keras.layers.BatchNormalization",
    "epsilon=0.001, mode=0, axis=-1, momentum=0.99, weights=None, beta_init='zero', "
    "gamma_init='one', gamma_regularizer=None, beta_regularizer=None, **kwargs",
    version="1.2.2",
)
LEAKY_RELU = Entry("KM646", "keras.layers.LeakyReLU", "alpha=0.3, **kwargs", version="1.2.2")
PRELU = Entry(
    "KM647", "keras.layers.PReLU", "init='zero', weights=None, shared_axes=None, **kwargs", version="1.2.2"
)
THRESHOLDED_RELU = Entry("KM648", "keras.layers.ThresholdedReLU", "theta=1.0, **kwargs", version="1.2.2")

ENTRIES = (LSTM, GRU, SIMPLE_RNN, CONV_LSTM_2D, BATCH_NORMALIZATION, LEAKY_RELU, PRELU, THRESHOLDED_RELU)
#: the entries of each kind, as the analysis tells them apart
RECURRENT = frozenset({LSTM, GRU, SIMPLE_RNN})
