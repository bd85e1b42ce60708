"""The Softmax & mask page's sections: the scores and the scale, the τ steps and the row inspector, the orders
the model avoids."""
