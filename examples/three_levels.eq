Y_ijk = pi_0jk + pi_1*a_ijk + e_ijk
pi_0jk = beta_00k + r_0jk
beta_00k = gamma_000 + gamma_001*W_k + u_00k
j: class
k: school
