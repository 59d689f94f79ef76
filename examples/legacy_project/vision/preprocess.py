"""Image preprocessing that follows the backend's image ordering."""
import numpy as np
from keras import backend as K


def channel_axis():
    ordering = K.common.image_dim_ordering()
    # Theano ordering keeps channels first
    return 1 if ordering == 'th' else -1


def to_model_layout(img):
    if K.common.image_dim_ordering() == 'th':
        img = img.transpose((2, 0, 1))
    return img.astype(np.float32) / 255.0


def load_batch(n, rows=32, cols=32):
    rng = np.random.RandomState(0)
    batch = [to_model_layout(rng.randint(0, 255, size=(rows, cols, 3))) for _ in range(n)]
    return np.stack(batch)
