Y_k = mu + beta*x_k + a_{i[k]} + b_{q[k]} + e_k
i: student
q: item
