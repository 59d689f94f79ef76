"""Training entry point (written for Keras 1.2 with the Theano image ordering)."""
from keras import backend as K

from vision.preprocess import load_batch
from vision.models.small_cnn import build_model

K.set_image_dim_ordering('th')


def main():
    images = load_batch(8)
    model = build_model(images.shape[1:])
    print(model.summary())


if __name__ == '__main__':
    main()
