// 1. Login
const loginResponse = await fetch('https://api.example.com/auth/login', {
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({
    email: 'admin@company.com',
    password: 'secure_password'
  })
});
const { token } = await loginResponse.json();

// 2. Create customer
const customerResponse = await fetch('https://api.example.com/customers', {
  method: 'POST',
  headers: {
    'Authorization': `Bearer ${token}`,
    'Content-Type': 'application/json'
  },
  body: JSON.stringify({
    name: 'Juan Perez',
    email: 'juan@email.com'
  })
});
const { customerId } = await customerResponse.json();

// 3. Create virtual card
const cardResponse = await fetch('https://api.example.com/cards', {
  method: 'POST',
  headers: {
    'Authorization': `Bearer ${token}`,
    'Content-Type': 'application/json'
  },
  body: JSON.stringify({ currency: 'USD' })
});
const { cardId } = await cardResponse.json();

// 4. Assign card to customer
await fetch('https://api.example.com/cards/assign', {
  method: 'POST',
  headers: {
    'Authorization': `Bearer ${token}`,
    'Content-Type': 'application/json'
  },
  body: JSON.stringify({ cardId, customerId })
});

// 5. Add balance
await fetch('https://api.example.com/balances/add', {
  method: 'POST',
  headers: {
    'Authorization': `Bearer ${token}`,
    'Content-Type': 'application/json'
  },
  body: JSON.stringify({ cardId, amount: 500 })
});

// 6. Activate card
await fetch('https://api.example.com/cards/status', {
  method: 'PATCH',
  headers: {
    'Authorization': `Bearer ${token}`,
    'Content-Type': 'application/json'
  },
  body: JSON.stringify({ cardId, status: 'active' })
});

console.log('Card ready for use!');
