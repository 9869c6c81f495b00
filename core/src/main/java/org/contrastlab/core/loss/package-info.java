/** Loss functions as small pure functions over NDArrays; each Javadoc states its formula and tensor shapes. */
package org.contrastlab.core.loss;
