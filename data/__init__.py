"""The kit's datasets: FashionMNIST through torchvision (see ``fashion_mnist``)."""
