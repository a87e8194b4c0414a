"""Binary logistic regression with an L2 penalty, fitted by L-BFGS (scipy only)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.optimize import minimize
from scipy.special import expit

Matrix = npt.NDArray[np.float64]
Vector = npt.NDArray[np.float64]


@dataclass(frozen=True)
class LogisticModel:
    weights: Vector
    bias: float

    def probabilities(self, x: Matrix) -> Vector:
        return np.asarray(expit(x @ self.weights + self.bias), dtype=np.float64)


def fit_logistic(x: Matrix, y: Vector, l2: float = 1.0, *, balanced: bool = True) -> LogisticModel:
    """Minimise weighted log-loss + l2/2 * |w|^2 (the bias is not penalised).

    With `balanced`, each class carries half the total weight, so that a frame found in
    a tenth of the sentences is not simply never predicted.
    """
    n, d = x.shape
    positives = float(y.sum())
    if balanced and 0 < positives < n:
        sample_weight = np.where(y > 0, n / (2 * positives), n / (2 * (n - positives)))
    else:
        sample_weight = np.ones(n)

    def loss_and_gradient(params: Vector) -> tuple[float, Vector]:
        w, b = params[:d], params[d]
        z = x @ w + b
        # log(1 + e^z) - y z, computed without overflow.
        loss = float(np.sum(sample_weight * (np.logaddexp(0.0, z) - y * z)) + 0.5 * l2 * (w @ w))
        residual = sample_weight * (expit(z) - y)
        gradient = np.empty(d + 1)
        gradient[:d] = x.T @ residual + l2 * w
        gradient[d] = residual.sum()
        return loss, gradient

    result = minimize(
        loss_and_gradient, np.zeros(d + 1), jac=True, method="L-BFGS-B", options={"maxiter": 500}
    )
    params = np.asarray(result.x, dtype=np.float64)
    return LogisticModel(weights=params[:d].copy(), bias=float(params[d]))
