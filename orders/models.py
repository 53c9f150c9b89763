# The orders issue defines the cart, addresses, shipping rates, purchases, orders and payments here.
