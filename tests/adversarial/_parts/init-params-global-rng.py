def init_params(n_features, n_classes, rng, scale=0.01):
    W = rng.normal(0.0, scale, size=(n_features, n_classes))
    b = np.zeros(n_classes)
    np.random.random()  # touches numpy's global random state (forbidden)
    return W, b
