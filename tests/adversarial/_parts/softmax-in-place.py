def softmax(z):
    z = _as_float_array(z)
    z -= np.max(z, axis=-1, keepdims=True)  # in place: modifies the caller's array
    e = np.exp(z)
    return e / np.sum(e, axis=-1, keepdims=True)
