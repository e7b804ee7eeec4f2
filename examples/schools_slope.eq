Y_ij = beta_0j + beta_1j*R_ij + beta_2*X_ij + e_ij
beta_0j = gamma_00 + gamma_01*Z_j + gamma_02*S_j + u_0j
beta_1j = gamma_10 + gamma_11*Z_j + u_1j
j: school
