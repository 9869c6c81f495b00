package org.contrastlab.core.env;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;

/** Giving a DJL parameter another array, which {@code Parameter.setArray} refuses once it has one. */
public final class ParameterArrays {
    private ParameterArrays() {
    }

    /**
     * Makes {@code array} (same shape) the parameter's array and closes the one it had. DJL's
     * {@code setArray} accepts an array only while the parameter has no shape; closing drops the
     * old array and clearing the shape lets the new one in.
     */
    public static void replace(Parameter parameter, NDArray array) {
        NDArray old = parameter.getArray();
        if (!old.getShape().equals(array.getShape())) {
            throw new IllegalArgumentException("parameter " + parameter.getName() + " has shape " + old.getShape()
                    + ", the new array " + array.getShape());
        }
        if (old == array) {
            return;
        }
        parameter.close();
        parameter.setShape(null);
        parameter.setArray(array);
    }
}
